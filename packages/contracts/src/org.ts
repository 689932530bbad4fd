// Request and response schemas of the org module (TypeBox), shared by the API and the web.
export {};
