/**
 * Every command the extension registers, in one place. package.json contributes the same ids (a unit
 * test checks both ways); the server names `openTemplate` in its quick fixes (OPEN_TEMPLATE_COMMAND).
 */
export const Commands = {
	checkCapsule: 'gemtext.checkCapsule',
	checkRemoteLinks: 'gemtext.checkRemoteLinks',
	convertMarkdownFile: 'gemtext.convertMarkdownFile',
	exportHtml: 'gemtext.exportHtml',
	findFileReferences: 'gemtext.findFileReferences',
	insertLinkToFile: 'gemtext.insertLinkToFile',
	insertTableOfContents: 'gemtext.insertTableOfContents',
	newDraft: 'gemtext.newDraft',
	newPost: 'gemtext.newPost',
	onEnterKey: 'gemtext.onEnterKey',
	openTemplate: 'gemtext.openTemplate',
	previewGemfeed: 'gemtext.previewGemfeed',
	publishDraft: 'gemtext.publishDraft',
	refreshPreview: 'gemtext.refreshPreview',
	showLockedPreviewToSide: 'gemtext.showLockedPreviewToSide',
	showPreview: 'gemtext.showPreview',
	showPreviewToSide: 'gemtext.showPreviewToSide',
	showSource: 'gemtext.showSource',
	togglePreviewLock: 'gemtext.togglePreviewLock',
	updatePublishedDate: 'gemtext.updatePublishedDate',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
