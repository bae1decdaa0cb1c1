// Rows a page of the service page's lists shows. The server renders the first page only and the
// live queries load the rest (issue 20: a service may run a hundred tasks; the page's HTML and
// payload then carry 25 rows, not all of them). Not in the client modules: a server component
// importing a constant from a "use client" module gets a client reference, not the number.

/** Containers a page of the table shows. */
export const CONTAINERS_PAGE_SIZE = 25;

/** Events a page of the list shows (newest first). */
export const EVENTS_PAGE_SIZE = 20;
