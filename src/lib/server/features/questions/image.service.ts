/**
 * A question's optional image. The picture goes through the lessons' file pipeline
 * (lesson-files: content sniffing, sharp re-encoding to WebP, storage area 'files', a
 * `course_files` row), so `/files/<key>` serves it to whoever may read the course content.
 * Setting or removing it adds a question version (`data.image`); old versions keep their
 * image, so attempts still show what the learner saw (files are therefore never deleted here).
 */
import type { App } from '../../app.ts';
import { FormError, type FieldErrors } from '../../http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { addImage, checkAlt, type UploadedFile } from '../lesson-files/lesson-files.service.ts';
import { removeUpload } from '../platform/storage.ts';
import { courseFiles } from '../lesson-files/lesson-files.table.ts';
import { eq } from 'drizzle-orm';
import { assertBankEditor } from './access.ts';
import { addVersion, getQuestion, versionRace } from './questions.service.ts';

type Ctx = Pick<App, 'db' | 'config'>;

/** The lesson-files service names its fields file/alt; the question editor imageFile/imageAlt. */
const FIELDS: Record<string, string> = { file: 'imageFile', alt: 'imageAlt' };

function renamed(err: FormError) {
	const errors: FieldErrors = {};
	for (const [k, v] of Object.entries(err.errors)) errors[FIELDS[k] ?? k] = v;
	return new FormError(err.status, errors);
}

async function live(ctx: Ctx, courseId: string, id: string) {
	const q = await getQuestion(ctx.db, courseId, id);
	if (!q || q.deletedAt) throw new FormError(404, { _form: { key: 'error.notFound' } });
	return q;
}

/** Uploads an image (alt text required: a question's picture is never decorative) as a new version. */
export async function setQuestionImage(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	input: { file: UploadedFile | null | undefined; alt: string }
) {
	assertBankEditor(actor, courseId);
	await live(ctx, courseId, id);
	let file;
	try {
		file = await addImage(ctx, actor, courseId, { file: input.file, alt: input.alt, decorative: false });
	} catch (err) {
		throw err instanceof FormError ? renamed(err) : err;
	}
	try {
		return await versionRace(() =>
			ctx.db.transaction(async (tx) => {
				const q = await live({ ...ctx, db: tx }, courseId, id);
				return addVersion(tx, q, { ...q.data, image: { key: file.fileKey, alt: file.alt } }, actor!.id);
			})
		);
	} catch (err) {
		await ctx.db.delete(courseFiles).where(eq(courseFiles.id, file.id));
		await removeUpload(ctx.config.dataDir, 'files', file.fileKey);
		throw err;
	}
}

/** Changes the alt text of the current image (a new version). */
export async function setQuestionImageAlt(ctx: Ctx, actor: Actor | null, courseId: string, id: string, alt: string) {
	assertBankEditor(actor, courseId);
	const checked = checkAlt(alt, false);
	if ('error' in checked) throw renamed(new FormError(400, checked.error));
	return versionRace(() =>
		ctx.db.transaction(async (tx) => {
			const q = await live({ ...ctx, db: tx }, courseId, id);
			if (!q.data.image) throw new FormError(400, { imageFile: { key: 'files.errors.fileMissing' } });
			return addVersion(tx, q, { ...q.data, image: { ...q.data.image, alt: checked.alt } }, actor!.id);
		})
	);
}

/** Removes the image from the question (a new version; earlier versions keep theirs). */
export async function removeQuestionImage(ctx: Ctx, actor: Actor | null, courseId: string, id: string) {
	assertBankEditor(actor, courseId);
	return versionRace(() =>
		ctx.db.transaction(async (tx) => {
			const q = await live({ ...ctx, db: tx }, courseId, id);
			return addVersion(tx, q, { ...q.data, image: null }, actor!.id);
		})
	);
}
