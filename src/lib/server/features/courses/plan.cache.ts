/**
 * The plan of a course, cached per process and keyed by the course's `updated_at`, which every
 * plan change bumps (plan.service.ts `touchCourse`). The version lives in the database, so the
 * cache is exact across processes: a stale plan is never served, only reloaded.
 */
import type { DbLike } from '../../db/client.ts';
import { loadPlan, type PlanModule } from './plan.service.ts';

const MAX_COURSES = 200;
const cache = new Map<string, { version: number; plan: PlanModule[] }>();

export async function cachedPlan(db: DbLike, course: { id: string; updatedAt: Date }): Promise<PlanModule[]> {
	const version = course.updatedAt.getTime();
	const hit = cache.get(course.id);
	if (hit && hit.version === version) return hit.plan;
	const plan = await loadPlan(db, course.id);
	cache.delete(course.id);
	if (cache.size >= MAX_COURSES) cache.delete(cache.keys().next().value!);
	cache.set(course.id, { version, plan });
	return plan;
}
