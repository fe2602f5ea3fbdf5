/**
 * The domain event bus: services announce what happened (past tense, typed); side effects
 * (mail, notifications, badges, federation, analytics) subscribe here instead of being called
 * from services. Handlers run in-process after the service returns; a handler whose work must
 * survive a crash enqueues a job (see jobs.ts) instead of doing the work itself.
 */
import { log } from '../../log.ts';

export interface DomainEvents {
	UserRegistered: { userId: string; email: string; handle: string; locale: string };
	UserDeleted: { userId: string };
	PasswordReset: { userId: string };
	UserSuspended: { userId: string; by: string | null; reason: string };
	RoleGranted: { userId: string; role: string; scopeType: string; scopeId: string; by: string | null };
	CoursePublished: { courseId: string; slug: string };
	LearnerEnrolled: { userId: string; courseId: string };
	LessonCompleted: { userId: string; courseId: string; lessonId: string };
	CourseCompleted: { userId: string; courseId: string };
	RoleRevoked: { userId: string; role: string; scopeType: string; scopeId: string; by: string | null };
	// Quizzes
	QuizAttemptSubmitted: { userId: string; courseId: string; quizId: string; attemptId: string; score: number | null };
	QuizPassed: { userId: string; courseId: string; quizId: string; attemptId: string };
	// Community
	/** A post became visible: when written, or when a held post is approved (never twice). */
	PostCreated: {
		postId: string;
		threadId: string;
		forumId: string;
		courseId: string | null;
		authorId: string;
		/** The people the post mentions (not its author). */
		mentionedIds: string[];
	};
	AnswerAccepted: { postId: string; threadId: string; courseId: string | null; authorId: string; by: string };
	RevisionSaved: {
		revisionId: string;
		courseId: string;
		target: 'lesson' | 'glossaryTerm';
		targetId: string;
		authorId: string | null;
	};
	SuggestionAccepted: { suggestionId: string; courseId: string; proposerId: string; by: string };
	SuggestionDeclined: { suggestionId: string; courseId: string; proposerId: string; by: string; reason: string };
}

export type EventName = keyof DomainEvents;
type Handler<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export class EventBus {
	#handlers = new Map<EventName, Handler<never>[]>();

	on<K extends EventName>(name: K, handler: Handler<K>): () => void {
		const list = this.#handlers.get(name) ?? [];
		list.push(handler as Handler<never>);
		this.#handlers.set(name, list);
		return () => {
			const i = list.indexOf(handler as Handler<never>);
			if (i >= 0) list.splice(i, 1);
		};
	}

	/** Runs every handler; a failing handler is logged and never fails the caller. */
	async emit<K extends EventName>(name: K, payload: DomainEvents[K]): Promise<void> {
		for (const handler of this.#handlers.get(name) ?? []) {
			try {
				await (handler as Handler<K>)(payload);
			} catch (err) {
				log.error({ err, event: name }, 'event handler failed');
			}
		}
	}
}
