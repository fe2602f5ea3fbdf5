import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { translator } from '#lib/i18n/index.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid, zodErrors, type FieldErrors } from '#lib/server/http/forms.ts';
import { isUploadedFile, type UploadedFile } from '#lib/server/features/accounts/avatar.ts';
import { bankCourse } from '#lib/server/features/questions/access.ts';
import { defaultCategory, listCategories } from '#lib/server/features/questions/categories.service.ts';
import { translateGiftError } from '#lib/server/features/questions/gift/errors.ts';
import { importGift, planGiftImport } from '#lib/server/features/questions/import.service.ts';
import { QUESTION_LIMITS } from '#lib/server/features/questions/questions.schemas.ts';

async function context(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { actor } = requireUser(event);
	const { course } = await bankCourse(event.locals.app.db, actor, event.params.slug!, 'manage');
	return { actor, course };
}

export const load: PageServerLoad = async (event) => {
	const { course } = await context(event);
	const { db } = event.locals.app;
	const fallback = await defaultCategory(db, course.id);
	const categories = await listCategories(db, course.id);
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		categories: categories.map((c) => ({ id: c.id, name: c.name, depth: c.depth })),
		categoryId: fallback.id,
		maxKb: Math.floor(QUESTION_LIMITS.giftBytes / 1024)
	};
};

/** The uploaded file's text: plain UTF-8 text (judged by its bytes), within the size limit. */
async function uploadedText(file: UploadedFile & { name?: string }): Promise<string> {
	if (file.size > QUESTION_LIMITS.giftBytes)
		throw new FormError(413, {
			file: { key: 'questions.errors.giftTooBig', params: { max: QUESTION_LIMITS.giftBytes } }
		});
	const bytes = new Uint8Array(await file.arrayBuffer());
	if (!/\.(gift|txt)$/i.test(file.name ?? '') || bytes.includes(0))
		throw new FormError(415, { file: { key: 'questions.errors.giftType' } });
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new FormError(415, { file: { key: 'questions.errors.giftType' } });
	}
}

const optionsSchema = z.object({
	categoryId: z.string().uuid('errors.invalid'),
	onDuplicate: z.enum(['update', 'skip'], { error: 'errors.required' }).default('skip')
});

export const actions: Actions = {
	preview: async (event) => {
		const { course } = await context(event);
		const form = await event.request.formData();
		const t = translator(event.locals.locale);
		const file = form.get('file');
		const options = optionsSchema.safeParse({ categoryId: form.get('categoryId'), onDuplicate: undefined });
		if (!options.success) return invalid(400, form, zodErrors(options.error), ['file']);
		const fromFile = isUploadedFile(file) && file.size > 0;
		try {
			const text = fromFile ? await uploadedText(file) : String(form.get('text') ?? '');
			const plan = await planGiftImport(event.locals.app.db, course.id, text, options.data);
			const message = (errors: FieldErrors | undefined) => Object.values(errors ?? {}).map((e) => t(e.key, e.params));
			return {
				preview: {
					text,
					categoryId: options.data.categoryId,
					counts: plan.counts,
					errors: plan.parseErrors.map((e) => ({ line: e.line, message: translateGiftError(t, e) })),
					items: plan.items.map((i) => ({
						line: i.line,
						qtype: i.qtype,
						name: i.name,
						category: i.categoryPath.join(' › '),
						status: i.status,
						problems: message(i.errors)
					}))
				}
			};
		} catch (err) {
			if (err instanceof FormError) {
				const errors = err.errors.gift ? { [fromFile ? 'file' : 'text']: err.errors.gift } : err.errors;
				return invalid(err.status, form, errors, ['file']);
			}
			throw err;
		}
	},
	import: async (event) => {
		const { actor, course } = await context(event);
		const form = await event.request.formData();
		const options = optionsSchema.safeParse({
			categoryId: form.get('categoryId'),
			onDuplicate: form.get('onDuplicate') ?? undefined
		});
		if (!options.success) return invalid(400, form, zodErrors(options.error), ['gift']);
		let total: number;
		try {
			const r = await importGift(event.locals.app, actor, course.id, String(form.get('gift') ?? ''), options.data);
			total = r.created + r.updated;
		} catch (err) {
			if (err instanceof FormError) return fail(err.status, { errors: err.errors, values: {} });
			throw err;
		}
		redirect(303, `/courses/${course.slug}/questions?imported=${total}`);
	}
};
