/** `gemtext check --format github`: each problem as a GitHub Actions workflow command, escaped as the Actions toolkit escapes. */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { githubAnnotation } from '../../server/src/cli/problems';

describe('gemtext check --format github', () => {
	it('writes error, warning and notice commands with the file, lines and columns of the problem', () => {
		const problem = { file: 'blog/post.gmi', line: 3, column: 4, endLine: 3, endColumn: 12, code: 'link.missing-file', message: '`a.gmi` does not exist.' };
		assert.equal(githubAnnotation({ ...problem, severity: 'error' }), '::error file=blog/post.gmi,line=3,endLine=3,col=4,endColumn=12,title=link.missing-file::`a.gmi` does not exist.');
		assert.match(githubAnnotation({ ...problem, severity: 'warning' }), /^::warning file=/);
		assert.match(githubAnnotation({ ...problem, severity: 'information' }), /^::notice file=/);
	});

	it('escapes what would end a property or the command: % CR LF everywhere, : and , in properties', () => {
		const line = githubAnnotation({ file: 'odd,name: 100%.gmi', line: 1, column: 1, endLine: 2, endColumn: 1, severity: 'warning', code: 'x.y', message: '50% done,\r\nsee: here' });
		assert.equal(line, '::warning file=odd%2Cname%3A 100%25.gmi,line=1,endLine=2,col=1,endColumn=1,title=x.y::50% done,%0D%0Asee: here'.replace('50%', '50%25'));
	});
});
