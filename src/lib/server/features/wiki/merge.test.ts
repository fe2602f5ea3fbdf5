import { describe, expect, it } from 'vitest';
import { hasConflictMarkers, merge3 } from './merge.ts';

const base = ['# Titre', '', 'Premier paragraphe.', '', 'Deuxième paragraphe.', '', 'Troisième.'].join('\n');
const edit = (from: string, to: string, text = base) => text.replace(from, to);

describe('merge3', () => {
	it('merges changes to different paragraphs', () => {
		const theirs = edit('Premier paragraphe.', 'Premier paragraphe, revu.');
		const mine = edit('Troisième.', 'Troisième, complété.');
		const r = merge3(base, theirs, mine);
		expect(r.clean).toBe(true);
		expect(r.text).toBe(edit('Troisième.', 'Troisième, complété.', theirs));
	});

	it('takes one side when the other did not change', () => {
		const mine = edit('Deuxième', 'Second');
		expect(merge3(base, base, mine)).toMatchObject({ clean: true, text: mine });
		expect(merge3(base, mine, base)).toMatchObject({ clean: true, text: mine });
	});

	it('accepts the same change made on both sides', () => {
		const same = edit('Deuxième', 'Second');
		expect(merge3(base, same, same)).toMatchObject({ clean: true, text: same });
		const added = `${base}\n\nAjout.`;
		expect(merge3(base, added, added)).toMatchObject({ clean: true, text: added });
	});

	it('reports a conflict when both sides change the same paragraph, keeping both versions', () => {
		const theirs = edit('Deuxième paragraphe.', 'Deuxième, par eux.');
		const mine = edit('Deuxième paragraphe.', 'Deuxième, par moi.');
		const r = merge3(base, theirs, mine, { mine: 'votre version', theirs: 'révision 3' });
		expect(r.clean).toBe(false);
		expect(r.chunks.filter((c) => c.type === 'conflict')).toEqual([
			{ type: 'conflict', base: ['Deuxième paragraphe.'], mine: ['Deuxième, par moi.'], theirs: ['Deuxième, par eux.'] }
		]);
		expect(r.text).toContain(
			'<<<<<<< votre version\nDeuxième, par moi.\n=======\nDeuxième, par eux.\n>>>>>>> révision 3'
		);
		expect(r.text.startsWith('# Titre\n\nPremier paragraphe.')).toBe(true);
		expect(hasConflictMarkers(r.text)).toBe(true);
		expect(hasConflictMarkers(base)).toBe(false);
	});

	it('a deletion against an edit of the same paragraph is a conflict', () => {
		const theirs = edit('Premier paragraphe.\n\n', '');
		const mine = edit('Premier paragraphe.', 'Premier paragraphe modifié.');
		const r = merge3(base, theirs, mine);
		expect(r.clean).toBe(false);
		const c = r.chunks.find((x) => x.type === 'conflict');
		expect(c).toMatchObject({ mine: expect.arrayContaining(['Premier paragraphe modifié.']) });
	});

	it('deletions of different paragraphs merge', () => {
		const theirs = edit('Premier paragraphe.\n\n', '');
		const mine = edit('\n\nTroisième.', '');
		const r = merge3(base, theirs, mine);
		expect(r).toMatchObject({ clean: true, text: '# Titre\n\nDeuxième paragraphe.' });
	});

	it('two insertions at the same place conflict; at different places they merge', () => {
		const theirs = `${base}\n\nEux.`;
		const mine = `${base}\n\nMoi.`;
		const both = merge3(base, theirs, mine, { mine: 'mine', theirs: 'theirs' });
		expect(both.clean).toBe(false);
		// The blank line both sides added is not part of the conflict.
		expect(both.text).toBe(`${base}\n\n<<<<<<< mine\nMoi.\n=======\nEux.\n>>>>>>> theirs`);
		const r = merge3(base, `Début.\n${base}`, `${base}\nFin.`);
		expect(r).toMatchObject({ clean: true, text: `Début.\n${base}\nFin.` });
	});

	it('handles empty texts and Windows line ends', () => {
		expect(merge3('', '', 'Nouveau')).toMatchObject({ clean: true, text: 'Nouveau' });
		expect(merge3('a\r\nb', 'a\r\nb', 'a\nc')).toMatchObject({ clean: true, text: 'a\nc' });
	});

	it('property: merging with an unchanged side gives the other side', () => {
		let seed = 3;
		const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
		for (let i = 0; i < 100; i++) {
			const lines = Array.from({ length: 1 + Math.floor(rand() * 12) }, (_, n) => `l${n % 4}`);
			const b = lines.join('\n');
			const changed = lines.filter(() => rand() > 0.3).map((l) => (rand() < 0.3 ? `${l}x` : l));
			const c = changed.join('\n');
			expect(merge3(b, b, c)).toMatchObject({ clean: true, text: c });
			expect(merge3(b, c, b)).toMatchObject({ clean: true, text: c });
			expect(merge3(b, c, c)).toMatchObject({ clean: true, text: c });
		}
	});
});
