import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [
		sveltekit({
			adapter: adapter({ precompress: true }),
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:', 'blob:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'media-src': ['self', 'blob:'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					// PeerTube embeds, loaded only when the reader asks for one (MediaPlayer.svelte).
					'frame-src': ['https:'],
					'frame-ancestors': ['none']
				}
			},
			version: { pollInterval: 0 }
		})
	],
	server: { port: 5173 },
	build: { reportCompressedSize: false },
	ssr: { external: ['@electric-sql/pglite', 'sharp', '@node-rs/argon2'] }
});
