// Evidence for tests/peer_differences.md, section 6: loaded into kinesalite's mocha suite with
// `--require`, it deletes from every JSON answer the members today's AWS added after the suite
// was recorded (StreamModeDetails, StreamSummaries, MaxRecordSizeInKiB), so a test that fails
// only on those members passes, and one that fails for any other reason still fails.
//   endpoint/tests/peer/run_suite.py --require-new-members-stripped (see `make peer-evidence`)
'use strict'
const NEW_MEMBERS = ['StreamModeDetails', 'StreamSummaries', 'MaxRecordSizeInKiB']
const parse = JSON.parse
function strip(value) {
  if (value && typeof value === 'object') {
    for (const key of NEW_MEMBERS) delete value[key]
    Object.values(value).forEach(strip)
  }
  return value
}
JSON.parse = function(text, reviver) {
  return strip(parse(text, reviver))
}
