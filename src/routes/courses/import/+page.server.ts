import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { isUploadedFile } from '#lib/server/features/accounts/avatar.ts';
import { archiveLimits, importCourse } from '#lib/server/features/archive/import.service.ts';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'course.create');
	const limits = archiveLimits(event.locals.app.config);
	// The web server accepts request bodies up to the largest upload limit (scripts/start.ts).
	return { maxMb: Math.floor(limits.binaryBytes / 1024 / 1024) };
};

export const actions: Actions = {
	default: async (event) => {
		const { actor } = requirePermission(event, 'course.create');
		const form = await event.request.formData();
		const file = form.get('archive');
		if (!isUploadedFile(file) || file.size === 0)
			return invalid(400, form, { archive: { key: 'archive.errors.missing' } });
		let slug: string;
		try {
			const course = await importCourse(event.locals.app, actor, new Uint8Array(await file.arrayBuffer()));
			slug = course.slug;
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, form, err.errors);
			throw err;
		}
		redirect(303, `/courses/${slug}/edit?imported=1`);
	}
};
