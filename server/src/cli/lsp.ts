/** `gemtext lsp --stdio`: the language server of dist/server.js, for editors that spawn a command. */
import { createStdioConnection } from '../node/connection';
import { NodeFileSystem } from '../node/fileSystem';
import { RemoteChecker } from '../remote/checker';
import { BashTemplateRunner } from '../node/templateRunner';
import { startServer } from '../server';
import { type CliCommand, UsageError } from './command';

export const lspCommand: CliCommand = {
	name: 'lsp',
	summary: 'run the Gemtext language server over stdin/stdout',
	usage: 'gemtext lsp --stdio',
	async run(args) {
		const unknown = args.find((a) => a !== '--stdio');
		if (unknown !== undefined) {
			throw new UsageError(`unknown option ${unknown}`);
		}
		if (!args.includes('--stdio')) {
			throw new UsageError('the transport must be given: --stdio');
		}
		startServer(createStdioConnection(), () => new NodeFileSystem(), () => new RemoteChecker(), (isTrusted) => new BashTemplateRunner({ isAllowed: isTrusted }));
		return 'serving';
	},
};
