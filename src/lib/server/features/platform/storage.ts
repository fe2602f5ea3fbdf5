/**
 * Where uploaded files live: DATA_DIR/uploads/<area>/<key>. Keys are generated (uuidv7 plus an
 * extension), never taken from a file name, and checked before any path is built from them.
 * Several app processes share DATA_DIR (see README), so files are visible to all of them.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { uuidv7 } from '../../ids.ts';

export const AREAS = ['avatars', 'covers', 'speakers', 'media', 'files', 'forum'] as const;
export type Area = (typeof AREAS)[number];

export const KEY_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[a-z0-9]{2,5}$/;

export function newKey(extension: string): string {
	return `${uuidv7()}.${extension.toLowerCase()}`;
}

/** The file's path, or undefined for anything that is not a key we generated. */
export function uploadPath(dataDir: string, area: Area, key: string): string | undefined {
	return KEY_RE.test(key) ? join(dataDir, 'uploads', area, key) : undefined;
}

export async function storeUpload(dataDir: string, area: Area, key: string, bytes: Uint8Array) {
	const path = uploadPath(dataDir, area, key);
	if (!path) throw new Error(`invalid storage key: ${key}`);
	await mkdir(join(dataDir, 'uploads', area), { recursive: true });
	await writeFile(path, bytes);
	return path;
}

export async function removeUpload(dataDir: string, area: Area, key: string | null | undefined) {
	const path = key ? uploadPath(dataDir, area, key) : undefined;
	if (path) await rm(path, { force: true });
}
