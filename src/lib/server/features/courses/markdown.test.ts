import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe(renderMarkdown.name, () => {
	it('renders CommonMark, tables, footnotes and heading anchors', () => {
		const html = renderMarkdown('# Héberger\n\nTexte[^1].\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Une note.');
		expect(html).toContain('<h2 id="heberger">Héberger</h2>');
		expect(html).toContain('<table>');
		expect(html).toContain('<td>1</td>');
		expect(html).toMatch(/class="footnote-ref"/);
		expect(html).toContain('Une note.');
	});

	// A corpus of XSS vectors: none may survive as executable markup.
	const vectors = [
		'<script>alert(1)</script>',
		'<img src=x onerror=alert(1)>',
		'<a href="javascript:alert(1)">x</a>',
		'[x](javascript:alert(1))',
		'[x](JaVaScRiPt:alert(1))',
		'[x](&#106;avascript:alert(1))',
		'<svg onload=alert(1)><circle/></svg>',
		'<svg><script>alert(1)</script></svg>',
		'<iframe src="https://evil.example"></iframe>',
		'<div style="background:url(javascript:alert(1))">x</div>',
		'<p style="width: expression(alert(1))">x</p>',
		'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
		'<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
		'<object data="x.swf"></object><embed src="x.swf">',
		'<form action="https://evil.example"><input name=a></form>',
		'<details open ontoggle=alert(1)>',
		'<img src="https://example.org/a.png" onload="alert(1)">',
		'<style>body{display:none}</style>',
		'<meta http-equiv="refresh" content="0;url=https://evil.example">',
		'<base href="https://evil.example/">'
	];
	it.each(vectors)('neutralises %s', (vector) => {
		const html = renderMarkdown(vector).toLowerCase();
		expect(html).not.toMatch(/<script|<svg|<iframe|<object|<embed|<form|<style|<meta|<base|<math|<details/);
		expect(html).not.toMatch(/\son\w+\s*=/);
		expect(html).not.toMatch(/(href|src|action|data)\s*=\s*["']?\s*(javascript|data|vbscript):/);
		expect(html).not.toMatch(/style=[^>]*(expression|url\()/);
	});

	it('keeps safe images with alt text and marks external links', () => {
		const html = renderMarkdown('![Un chaton](https://example.org/c.png) [site](https://example.org)');
		expect(html).toContain('alt="Un chaton"');
		expect(html).toContain('rel="noopener noreferrer"');
	});
});
