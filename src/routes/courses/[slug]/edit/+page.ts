// The course editor ships JavaScript for drag and drop in the plan; every form still works without.
export const csr = true;
