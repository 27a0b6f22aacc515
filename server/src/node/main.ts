/**
 * Node entry of the language server (dist/server.js). `createConnection` picks the
 * transport from the command line: IPC when the VS Code client forks it, `--stdio`
 * for other editors and the tests.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { RemoteChecker } from '../remote/checker';
import { startServer } from '../server';
import { NodeFileSystem } from './fileSystem';
import { BashTemplateRunner } from './templateRunner';

startServer(
	createConnection(ProposedFeatures.all),
	() => new NodeFileSystem(),
	() => new RemoteChecker(),
	(isTrusted) => new BashTemplateRunner({ isAllowed: isTrusted }),
);
