/**
 * The language ids this extension serves, in one place: Gemtext (`.gmi`, `.gemini`) and Gemtexter
 * templates (`.gmi.tpl`), which get every Gemtext feature. package.json's `when` clauses list the
 * same ids.
 */
export const GEMTEXT_LANGUAGE_ID = 'gemtext';
export const TEMPLATE_LANGUAGE_ID = 'gemtexter-template';
export const LANGUAGE_IDS: readonly string[] = [GEMTEXT_LANGUAGE_ID, TEMPLATE_LANGUAGE_ID];

/** Whether a document is Gemtext or a Gemtexter template. */
export function isGemtextDocument(document: { readonly languageId: string } | undefined): boolean {
	return document !== undefined && LANGUAGE_IDS.includes(document.languageId);
}
