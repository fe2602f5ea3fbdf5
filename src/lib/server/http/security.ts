/** Headers sent with every response (the CSP itself comes from SvelteKit's `csp` option). */
export function securityHeaders(headers: Headers, https: boolean) {
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'same-origin');
	headers.set('x-frame-options', 'DENY');
	headers.set('cross-origin-opener-policy', 'same-origin');
	headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	if (https) headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
}
