// Request and response schemas of the catalogue module (TypeBox), shared by the API and the web.
export {};
