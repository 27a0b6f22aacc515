/** Markdown and HTML to Gemtext (`gemtext convert`, "Paste as Gemtext", "Convert Markdown File"). */
export type { ConversionResult, ConversionWarning } from './blocks';
export { convertHtmlToGemtext } from './html';
export { convertMarkdownToGemtext } from './markdown';
