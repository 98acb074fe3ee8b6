#!/usr/bin/env bash
# A concern from registration to a scheduled joint meeting against `npm start` (http://localhost:3000), as the demo users.
# Usage: npm start   (in another terminal), then: bash tools/demo/walkthrough.sh
set -euo pipefail
API=${API:-http://localhost:3000}
token() { curl -s -X POST $API/oidc/token -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"demo-$1\"}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token'; }
TERHI=$(token terhi)
CASE=$(curl -s -X POST $API/concerns -H "authorization: Bearer $TERHI" -H 'content-type: application/json' \
  -d '{"channel":"close-worker","sector":"child health clinic","municipality":"Kangasala","children":[{"name":"Aada","identifier":"010118A9989"}],"guardians":[{"name":"Mari","identifier":"131052-308T"}],"description":"Tired every morning","zone":3,"ratedBy":"worker"}' \
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).caseId')
curl -s -X POST $API/concerns/$CASE/route-decision -H "authorization: Bearer $TERHI" -H 'content-type: application/json' \
  -d '{"facts":{"zone":3,"socialWorkClient":false,"guardiansCommit":true,"suspectedViolence":false,"suspectedSexualAbuse":false,"suspectedSubstanceAbuse":false,"familyWishesSupport":true,"otherSocialWorkWished":false},"chosenRoute":"joint-meeting"}'
echo
sleep 1
curl -s -X POST $API/convenings/$CASE/consents -H "authorization: Bearer $TERHI" -H 'content-type: application/json' \
  -d '{"guardians":["Mari"],"children":["Aada"],"scopes":[{"kind":"sector","value":"school","share":["concern","joint-plan"]}],"validUntil":"2031-01-01T00:00:00.000Z","givenAs":"paper-form"}'
echo
curl -s -X POST $API/convenings/$CASE/invitations -H "authorization: Bearer $TERHI" -H 'content-type: application/json' -d '{"kind":"professional","directoryId":"demo-olli"}'
echo
curl -s -X POST $API/convenings/$CASE/meetings -H "authorization: Bearer $TERHI" -H 'content-type: application/json' \
  -d '{"kind":"first","startsAt":"2030-01-10T12:00:00.000Z","endsAt":"2030-01-10T13:30:00.000Z","roomId":"perhekeskus-kokoushuone"}'
echo
curl -s $API/cases/$CASE/processing-history -H "authorization: Bearer $(token kaisa)" | head -c 400
echo
