/**
 * Node entry of the language server (dist/server.js). The transport comes from the
 * command line: IPC when the VS Code client forks it, `--stdio` for other editors and
 * the tests (see connection.ts).
 */
import { RemoteChecker } from '../remote/checker';
import { startServer } from '../server';
import { createNodeConnection } from './connection';
import { NodeFileSystem } from './fileSystem';
import { BashTemplateRunner } from './templateRunner';

startServer(
	createNodeConnection(),
	() => new NodeFileSystem(),
	() => new RemoteChecker(),
	(isTrusted) => new BashTemplateRunner({ isAllowed: isTrusted }),
);
