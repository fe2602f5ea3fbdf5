// Pages are rendered on the server and their forms work without JavaScript; none is shipped
// unless a page opts in with `export const csr = true` (editors, players).
export const csr = false;
