// Request and response schemas of the audit module (TypeBox), shared by the API and the web.
export {};
