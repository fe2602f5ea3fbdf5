/**
 * What we do with activities sent to us. Reads like a routing table: one `on<Activity>` per type.
 * Everything else is accepted (202) and ignored for now.
 */
import type { Federation, InboxContext } from '@fedify/fedify';
import { Accept, Follow, Undo } from '@fedify/fedify/vocab';
import { log } from '../../log.ts';
import { findActorUser } from './actors.ts';
import { addFollower, removeFollower } from './followers.ts';
import type { ContextData } from './federation.ts';

export function registerInbox(federation: Federation<ContextData>) {
	federation
		.setInboxListeners('/@{identifier}/inbox', '/inbox')
		.on(Follow, onFollowed)
		.on(Undo, onUndone)
		.onError((_ctx, err) => log.warn({ err }, 'federation inbox error'));
}

/** Someone follows a local person: remember where to deliver, and Accept at once. */
export async function onFollowed(ctx: InboxContext<ContextData>, follow: Follow) {
	if (!follow.actorId || !follow.objectId) return;
	const parsed = ctx.parseUri(follow.objectId);
	if (parsed?.type !== 'actor') return;
	const user = await findActorUser(ctx.data.db, parsed.identifier);
	if (!user || user.suspendedAt || user.deletedAt) return;
	const follower = await follow.getActor(ctx);
	if (!follower?.id || !follower.inboxId) return;
	await addFollower(ctx.data.db, {
		userId: user.id,
		actorId: follower.id.href,
		inbox: follower.inboxId.href,
		sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
		followId: follow.id?.href ?? null
	});
	const actor = ctx.getActorUri(user.handle);
	// The Follow is embedded in its short form (id, actor, object), as Mastodon sends it.
	const accepted = new Follow({ id: follow.id, actor: follow.actorId, object: follow.objectId });
	await ctx.sendActivity(
		{ identifier: user.handle },
		follower,
		new Accept({ id: new URL(`#accepts/${crypto.randomUUID()}`, actor), actor, object: accepted })
	);
}

/** Undo of a Follow: forget the follower. Other Undos (Like, Announce…) have nothing to undo yet. */
export async function onUndone(ctx: InboxContext<ContextData>, undo: Undo) {
	const object = await undo.getObject(ctx);
	if (!(object instanceof Follow) || !object.objectId || !undo.actorId) return;
	// Only the follower may undo their own Follow.
	if (object.actorId && object.actorId.href !== undo.actorId.href) return;
	const parsed = ctx.parseUri(object.objectId);
	if (parsed?.type !== 'actor') return;
	const user = await findActorUser(ctx.data.db, parsed.identifier);
	if (!user) return;
	await removeFollower(ctx.data.db, user.id, undo.actorId.href);
}
