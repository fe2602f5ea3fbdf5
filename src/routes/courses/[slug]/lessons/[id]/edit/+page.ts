// The lesson editor ships JavaScript for its live preview and save state; it still works without.
export const csr = true;
