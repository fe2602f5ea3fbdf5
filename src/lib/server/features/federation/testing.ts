/**
 * Test support: a JSON-LD document loader that never touches the network. It serves the
 * contexts Fedify ships preloaded (ActivityStreams, security, Data Integrity…) and fails loudly
 * on anything else, so a test that would have fetched something says so.
 */
import { preloadedContexts, type DocumentLoader } from '@fedify/fedify/runtime';

export const offlineDocumentLoader: DocumentLoader = async (url) => {
	if (url in preloadedContexts) return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
	throw new Error(`offline document loader: refusing to fetch ${url}`);
};
