/** Every table, gathered for drizzle-kit and for typed queries. Tables live in their feature. */
export * from '../features/accounts/accounts.table.ts';
export * from '../features/authz/roles.table.ts';
export * from '../features/platform/platform.table.ts';
export * from '../features/federation/federation.table.ts';
export * from '../features/courses/courses.table.ts';
export * from '../features/glossary/glossary.table.ts';
export * from '../features/speakers/speakers.table.ts';
export * from '../features/media/media.table.ts';
export * from '../features/media/annotations.table.ts';
export * from '../features/lesson-files/lesson-files.table.ts';
export * from '../features/notifications/notifications.table.ts';
export * from '../features/community/community.table.ts';
export * from '../features/questions/questions.table.ts';
export * from '../features/wiki/wiki.table.ts';
export * from '../features/forums/forums.table.ts';
export * from '../features/courses/enrolment.table.ts';
export * from '../features/quizzes/quizzes.table.ts';
