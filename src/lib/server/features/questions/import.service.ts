/**
 * GIFT import into a course's bank: first a plan (what would be created, what already exists,
 * what is invalid, the parser's errors with their lines), then the import itself in one
 * transaction. A question "already exists" when a live question of the same name sits in the
 * same category; the n-th question of that name in the file matches the n-th in the bank, so
 * importing the same file twice creates nothing the second time.
 */
import { and, asc, inArray, isNull } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError, type FieldErrors } from '../../http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { assertBankEditor } from './access.ts';
import { defaultCategory, ensureCategoryPath, getCategory, listCategories } from './categories.service.ts';
import type { GiftError } from './gift/errors.ts';
import { parseGift } from './gift/parse.ts';
import type { QuestionData, QType } from './question.types.ts';
import { QUESTION_LIMITS, validateQuestion } from './questions.schemas.ts';
import { addVersion, getQuestion, insertQuestion, listQuestions, versionRace } from './questions.service.ts';
import { questions } from './questions.table.ts';

type Ctx = Pick<App, 'db'>;
export type OnDuplicate = 'update' | 'skip';

export interface PlanItem {
	line: number;
	qtype: QType;
	name: string;
	/** Category names from the bank's top; empty = the chosen target category. */
	categoryPath: string[];
	status: 'new' | 'duplicate' | 'invalid';
	errors?: FieldErrors;
	/** The bank question a duplicate would update. */
	existingId?: string;
	data?: QuestionData;
}

export interface ImportPlan {
	items: PlanItem[];
	parseErrors: GiftError[];
	counts: { questions: number; valid: number; new: number; duplicates: number; invalid: number; errors: number };
}

/**
 * A `$CATEGORY:` path as names: Moodle writes `$course$/top/Chapter/Sub` (`//` stands for a
 * slash inside a name); the context and "top" are dropped, the rest is under the course's bank.
 */
export function categoryPathOf(category: string | null): string[] {
	if (!category) return [];
	// `//` is a slash inside a name: split on the single slashes only.
	const names = category
		.split(/(?<!\/)\/(?!\/)/)
		.map((s) => s.replace(/\/\//g, '/').trim())
		.filter(Boolean);
	if (names[0] && /^\$\w+\$$/.test(names[0])) names.shift();
	if (names[0]?.toLowerCase() === 'top') names.shift();
	return names.map((n) => n.slice(0, QUESTION_LIMITS.category));
}

export function checkGiftSize(text: string) {
	const bytes = Buffer.byteLength(text, 'utf8');
	if (bytes > QUESTION_LIMITS.giftBytes)
		throw new FormError(413, {
			gift: { key: 'questions.errors.giftTooBig', params: { max: QUESTION_LIMITS.giftBytes } }
		});
	if (!text.trim()) throw new FormError(400, { gift: { key: 'questions.errors.giftEmpty' } });
}

const pathKey = (path: string[]) => path.map((p) => p.toLowerCase()).join('\u0000');

/** What importing `text` would do (nothing is written). */
export async function planGiftImport(
	db: DbLike,
	courseId: string,
	text: string,
	opts: { categoryId?: string } = {}
): Promise<ImportPlan> {
	checkGiftSize(text);
	const parsed = parseGift(text);
	const tree = await listCategories(db, courseId);
	const target = opts.categoryId ? tree.find((c) => c.id === opts.categoryId) : tree.find((c) => !c.parentId);
	const byPath = new Map(tree.map((c) => [pathKey(c.path), c.id]));
	const catOf = (path: string[]) => (path.length ? byPath.get(pathKey(path)) : target?.id);
	const items: PlanItem[] = parsed.questions.map(({ category, line, ...raw }) => {
		const categoryPath = categoryPathOf(category);
		const base = { line, qtype: raw.qtype, name: raw.name, categoryPath };
		try {
			return { ...base, status: 'new' as const, data: validateQuestion(raw) };
		} catch (err) {
			if (err instanceof FormError) return { ...base, status: 'invalid' as const, errors: err.errors };
			throw err;
		}
	});
	// Existing live questions of the categories concerned, oldest first, by category and name.
	const catIds = [...new Set(items.map((i) => catOf(i.categoryPath)).filter((id): id is string => !!id))];
	const existing = catIds.length
		? await db
				.select({ id: questions.id, categoryId: questions.categoryId, name: questions.name })
				.from(questions)
				.where(and(inArray(questions.categoryId, catIds), isNull(questions.deletedAt)))
				.orderBy(asc(questions.createdAt), asc(questions.id))
		: [];
	const pool = new Map<string, string[]>();
	for (const e of existing) {
		const k = `${e.categoryId}\u0000${e.name}`;
		pool.set(k, [...(pool.get(k) ?? []), e.id]);
	}
	for (const item of items) {
		if (item.status !== 'new') continue;
		const catId = catOf(item.categoryPath);
		const match = catId ? pool.get(`${catId}\u0000${item.data!.name}`)?.shift() : undefined;
		if (match) Object.assign(item, { status: 'duplicate', existingId: match });
	}
	const count = (s: PlanItem['status']) => items.filter((i) => i.status === s).length;
	return {
		items,
		parseErrors: parsed.errors,
		counts: {
			questions: items.length,
			valid: items.length - count('invalid'),
			new: count('new'),
			duplicates: count('duplicate'),
			invalid: count('invalid'),
			errors: parsed.errors.length
		}
	};
}

export interface ImportResult {
	created: number;
	updated: number;
	unchanged: number;
	skipped: number;
	invalid: number;
}

/** Imports the valid questions of `text`, all or nothing. */
export async function importGift(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	text: string,
	opts: { onDuplicate: OnDuplicate; categoryId?: string }
): Promise<ImportResult> {
	assertBankEditor(actor, courseId);
	if (opts.categoryId && !(await getCategory(ctx.db, courseId, opts.categoryId)))
		throw new FormError(404, { categoryId: { key: 'error.notFound' } });
	return versionRace(() =>
		ctx.db.transaction(async (tx) => {
			const target = opts.categoryId ?? (await defaultCategory(tx, courseId)).id;
			const plan = await planGiftImport(tx, courseId, text, { categoryId: target });
			if (!plan.counts.valid) throw new FormError(422, { gift: { key: 'questions.errors.nothingValid' } });
			const result: ImportResult = { created: 0, updated: 0, unchanged: 0, skipped: 0, invalid: plan.counts.invalid };
			const cats = new Map<string, string>();
			for (const item of plan.items) {
				if (item.status === 'invalid') continue;
				if (item.status === 'duplicate') {
					if (opts.onDuplicate === 'skip') {
						result.skipped++;
						continue;
					}
					const current = await getQuestion(tx, courseId, item.existingId!);
					const { changed } = await addVersion(tx, current!, item.data!, actor!.id);
					result[changed ? 'updated' : 'unchanged']++;
					continue;
				}
				const key = pathKey(item.categoryPath);
				let catId = item.categoryPath.length ? cats.get(key) : target;
				if (!catId) {
					catId = (await ensureCategoryPath(tx, courseId, item.categoryPath)).id;
					cats.set(key, catId);
				}
				await insertQuestion(tx, courseId, catId, item.data!, actor!.id);
				result.created++;
			}
			return result;
		})
	);
}

/** Questions of the bank (or of one category and its subcategories) with their category path, for exportGift. */
export async function questionsForExport(db: DbLike, courseId: string, categoryId?: string) {
	const tree = await listCategories(db, courseId);
	let cats = tree;
	if (categoryId) {
		const root = tree.find((c) => c.id === categoryId);
		if (!root) throw new FormError(404, { categoryId: { key: 'error.notFound' } });
		cats = tree.filter(
			(c) => c.path.length >= root.path.length && pathKey(c.path.slice(0, root.path.length)) === pathKey(root.path)
		);
	}
	const out: (QuestionData & { category: string })[] = [];
	for (const c of cats) {
		const qs = await listQuestions(db, courseId, { categoryIds: [c.id], limit: 100_000 });
		const category = ['$course$', ...c.path].map((n) => n.replace(/\//g, '//')).join('/');
		for (const q of qs) out.push({ ...q.data, category });
	}
	return out;
}
