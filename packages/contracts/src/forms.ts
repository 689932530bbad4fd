// Request and response schemas of the forms module (TypeBox), shared by the API and the web.
export {};
