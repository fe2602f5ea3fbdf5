/**
 * Times as people type them in the rushes log: seconds (`83`, `83.5`, `83,5`), `1:23`,
 * `1:23.5` or `01:02:03.5`. The player script writes the same format.
 */

/** Seconds from a typed time, or null when unreadable (minutes and seconds must be < 60). */
export function parseTimecode(text: string): number | null {
	const s = text.trim();
	if (/^\d{1,6}(?:[.,]\d{1,3})?$/.test(s)) return Number(s.replace(',', '.'));
	const m = /^(?:(\d{1,3}):)?(\d{1,3}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(s);
	if (!m) return null;
	const [, h, min = '0', sec = '0', frac = ''] = m;
	if (Number(sec) > 59 || (h !== undefined && Number(min) > 59)) return null;
	const ms = ((Number(h ?? 0) * 60 + Number(min)) * 60 + Number(sec)) * 1000 + Number(frac.padEnd(3, '0'));
	return ms / 1000;
}

/** `0:05`, `1:23.5`, `1:02:03.25`: minutes:seconds, hours when needed, a fraction when not whole. */
export function formatTimecode(seconds: number): string {
	const ms = Math.max(0, Math.round(seconds * 1000));
	const h = Math.floor(ms / 3_600_000);
	const m = Math.floor(ms / 60_000) % 60;
	const s = Math.floor(ms / 1000) % 60;
	const frac =
		ms % 1000
			? `.${String(ms % 1000)
					.padStart(3, '0')
					.replace(/0+$/, '')}`
			: '';
	const ss = `${String(s).padStart(2, '0')}${frac}`;
	return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
