// Request and response schemas of the applications module (TypeBox), shared by the API and the web.
export {};
