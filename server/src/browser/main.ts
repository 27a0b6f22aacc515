/**
 * Web worker entry of the language server (dist/web/server.js), for the web extension
 * (vscode.dev, github.dev, any virtual workspace): the same server, reading files through the
 * client (ClientFileSystem). No remote link checks (a worker has no TLS sockets) and no template
 * code is ever run (there is no Bash): those hosts' features are simply not given.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { ClientFileSystem } from '../clientFileSystem';
import { startServer } from '../server';

// The worker global, typed as what the reader and writer take (the server is compiled without DOM types).
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, (c) => new ClientFileSystem(c));
