/**
 * `essaim export FILE` / `essaim import FILE`: the whole instance as one JSON file, e.g. to move
 * from PGlite to PostgreSQL. Every table of the public schema is read with row_to_json and
 * written back with json_populate_recordset, so each column keeps its exact type (timestamps,
 * jsonb, bytea…) and tables added by later features are included without changing this file.
 * Import only goes into an empty instance with the same migrations, in one transaction.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import type { DbLike } from '#lib/server/db/client.ts';
import { rowsOf } from '#lib/server/db/rows.ts';
import { CliError, need, print, printJson, type Command } from '../context.ts';

export const EXPORT_FORMAT = 'essaim-export';
export const EXPORT_VERSION = 1;
/** Rows the instance writes for itself at start-up (the auth secret); import replaces them. */
const REPLACED_ON_IMPORT = new Set(['instance_settings']);
const BATCH = 1000;

async function query<T>(db: DbLike, q: ReturnType<typeof sql>) {
	return rowsOf<T>(await db.execute(q));
}

/** Tables in an order that satisfies foreign keys (parents first). */
async function tablesInOrder(db: DbLike): Promise<string[]> {
	const tables = await query<{ name: string }>(
		db,
		sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`
	);
	const links = await query<{ child: string; parent: string }>(
		db,
		sql`select ch.relname as child, pa.relname as parent from pg_constraint k
			join pg_class ch on ch.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
			join pg_namespace n on n.oid = k.connamespace
			where k.contype = 'f' and n.nspname = 'public' and ch.relname <> pa.relname`
	);
	const ordered: string[] = [];
	const visit = (name: string, path: Set<string>) => {
		if (ordered.includes(name) || path.has(name)) return;
		path.add(name);
		for (const l of links) if (l.child === name) visit(l.parent, path);
		ordered.push(name);
	};
	for (const { name } of tables) visit(name, new Set());
	return ordered;
}

async function migrationState(db: DbLike) {
	const rows = await query<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by id`);
	return { migrations: rows.length, last: rows.at(-1)?.hash ?? null };
}

const asObject = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;

const exportCommand: Command = {
	usage: 'export FILE [--json]',
	summary: 'Write every table of the instance to one JSON file.',
	options: { json: { type: 'boolean' } },
	needsApp: true,
	async run({ app, values, positionals, env }) {
		const file = resolve(env.cwd, need(positionals, 0, 'FILE'));
		const counts: Record<string, number> = {};
		const fd = openSync(file, 'w');
		try {
			const head = {
				format: EXPORT_FORMAT,
				version: EXPORT_VERSION,
				exportedAt: new Date().toISOString(),
				instance: { name: app.config.INSTANCE_NAME, publicUrl: app.config.publicUrl.href },
				schema: await migrationState(app.db)
			};
			writeSync(fd, `${JSON.stringify(head).slice(0, -1)},"tables":{`);
			// One consistent snapshot of every table.
			await app.db.transaction(async (tx) => {
				await tx.execute(sql`set transaction isolation level repeatable read, read only`);
				const tables = await tablesInOrder(tx);
				for (const [i, name] of tables.entries()) {
					writeSync(fd, `${i ? ',' : ''}\n${JSON.stringify(name)}:[`);
					let n = 0;
					const [first] = await insertable(tx, name);
					const orderBy = first ? sql.identifier(first.name) : sql`ctid`;
					for (;;) {
						// Ordered by the first column (usually the UUIDv7 id): parents before children within a table.
						const rows = await query<{ r: unknown }>(
							tx,
							sql`select row_to_json(t) as r from ${sql.identifier(name)} t order by t.${orderBy} limit ${BATCH} offset ${n}`
						);
						for (const { r } of rows) writeSync(fd, `${n++ ? ',' : ''}\n${JSON.stringify(asObject(r))}`);
						if (rows.length < BATCH) break;
					}
					writeSync(fd, ']');
					counts[name] = n;
				}
			});
			writeSync(fd, '\n}}\n');
		} finally {
			closeSync(fd);
		}
		if (values.json) return printJson({ file, tables: counts });
		const total = Object.values(counts).reduce((a, b) => a + b, 0);
		print(`Exported ${total} rows from ${Object.keys(counts).length} tables to ${file}.`);
	}
};

interface ExportFile {
	format: string;
	version: number;
	schema: { migrations: number; last: string | null };
	tables: Record<string, Record<string, unknown>[]>;
}

function readExport(file: string): ExportFile {
	let data: ExportFile;
	try {
		data = JSON.parse(readFileSync(file, 'utf8'));
	} catch (err) {
		throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
	}
	if (data?.format !== EXPORT_FORMAT || typeof data.tables !== 'object')
		throw new CliError(`${file} is not an Essaim export`);
	if (data.version !== EXPORT_VERSION)
		throw new CliError(
			`${file} has export format version ${data.version}; this Essaim reads version ${EXPORT_VERSION}`
		);
	return data;
}

async function insertable(db: DbLike, table: string) {
	return query<{ name: string; identity: string; seq: string | null }>(
		db,
		sql`select a.attname as name, a.attidentity as identity,
				pg_get_serial_sequence(quote_ident(${table}), a.attname) as seq
			from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relname = ${table} and a.attnum > 0 and not a.attisdropped
				and a.attgenerated = '' order by a.attnum`
	);
}

const importCommand: Command = {
	usage: 'import FILE [--json]',
	summary: 'Load an export into this instance, which must be empty (one transaction).',
	options: { json: { type: 'boolean' } },
	needsApp: true,
	async run({ app, values, positionals, env }) {
		const file = resolve(env.cwd, need(positionals, 0, 'FILE'));
		const data = readExport(file);
		const here = await migrationState(app.db);
		if (here.migrations !== data.schema?.migrations || here.last !== data.schema?.last)
			throw new CliError(
				`the export was made with ${data.schema?.migrations} migrations, this instance has ${here.migrations}: use the same Essaim version`
			);
		const counts: Record<string, number> = {};
		await app.db.transaction(async (tx) => {
			const tables = await tablesInOrder(tx);
			const unknown = Object.keys(data.tables).filter((t) => !tables.includes(t));
			if (unknown.length) throw new CliError(`the export has tables this instance does not: ${unknown.join(', ')}`);
			for (const name of tables) {
				if (REPLACED_ON_IMPORT.has(name)) continue;
				const [row] = await query<{ any: boolean }>(
					tx,
					sql`select exists (select 1 from ${sql.identifier(name)}) as any`
				);
				if (row?.any) throw new CliError(`this instance is not empty (table ${name} has rows); import needs a new one`);
			}
			for (const name of tables) {
				const rows = data.tables[name] ?? [];
				if (REPLACED_ON_IMPORT.has(name)) await tx.execute(sql`delete from ${sql.identifier(name)}`);
				const cols = await insertable(tx, name);
				const list = sql.join(
					cols.map((c) => sql.identifier(c.name)),
					sql`, `
				);
				const overriding = cols.some((c) => c.identity === 'a') ? sql`overriding system value` : sql``;
				for (let i = 0; i < rows.length; i += BATCH) {
					const chunk = JSON.stringify(rows.slice(i, i + BATCH));
					await tx.execute(
						sql`insert into ${sql.identifier(name)} (${list}) ${overriding}
							select ${list} from json_populate_recordset(null::${sql.identifier(name)}, ${chunk}::json)`
					);
				}
				for (const c of cols.filter((col) => col.seq))
					await tx.execute(
						sql`select setval(${c.seq}, coalesce((select max(${sql.identifier(c.name)}) from ${sql.identifier(name)}), 0) + 1, false)`
					);
				counts[name] = rows.length;
			}
		});
		if (values.json) return printJson({ file, tables: counts });
		const total = Object.values(counts).reduce((a, b) => a + b, 0);
		print(`Imported ${total} rows into ${Object.keys(counts).length} tables from ${file}.`);
	}
};

export const transferCommands: Record<string, Command> = { export: exportCommand, import: importCommand };
