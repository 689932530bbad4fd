// Request and response schemas of the identity module (TypeBox), shared by the API and the web.
export {};
