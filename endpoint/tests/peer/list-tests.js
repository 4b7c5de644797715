// Lists every test of kinesalite's mocha suite without running it (mocha 6 has no --dry-run):
// one JSON line per test, {"file", "title", "pending"}. The runner needs the full list to tell
// a test that failed from one mocha never ran (after a late assertion it blames a hook and
// skips the rest of the file).
//   node list-tests.js SUITE_COPY_DIR
'use strict'
var path = require('path')
var work = path.resolve(process.argv[2] || '.')
// helpers.js starts an in-process kinesalite unless it is pointed at an endpoint; nothing is
// sent while listing.
process.env.KINESIS_ENDPOINT = process.env.KINESIS_ENDPOINT || 'http://127.0.0.1:9'
var Mocha = require(path.join(work, 'node_modules', 'mocha'))
require(path.join(work, 'node_modules', 'should'))
var fs = require('fs')
var mocha = new Mocha()
fs.readdirSync(path.join(work, 'test')).sort().forEach(function(name) {
  if (/\.js$/.test(name) && name !== 'helpers.js') mocha.addFile(path.join(work, 'test', name))
})
mocha.loadFiles()
;(function walk(suite) {
  suite.tests.forEach(function(test) {
    process.stdout.write(JSON.stringify({
      file: path.relative(work, test.file),
      title: test.fullTitle(),
      pending: Boolean(test.isPending()),
    }) + '\n')
  })
  suite.suites.forEach(walk)
})(mocha.suite)
