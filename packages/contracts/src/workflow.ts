// Request and response schemas of the workflow module (TypeBox), shared by the API and the web.
export {};
