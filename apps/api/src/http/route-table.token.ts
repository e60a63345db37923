/** The route table the api serves and documents (routes/api-routes.ts; tests may add to it). */
export const ROUTE_TABLE = Symbol('ROUTE_TABLE');
