// ContactImport web UI: native ES modules, no build step. This module only connects the others.
import { storedKey } from './api.js';
import { $ } from './dom.js';
import { loadContacts, wireContacts } from './contacts.js';
import { openDetails, wireDetails } from './details.js';
import { loadHistory, wireHistory } from './history.js';
import { wireNotifications } from './notifications.js';
import { follow, leave, wireProgress } from './progress.js';
import { rememberRun, wireResult } from './result.js';
import { signIn, wireSession } from './session.js';
import { onTabShown, wireTabs } from './tabs.js';
import { newImport, wireUpload } from './upload.js';

onTabShown('history', loadHistory);
onTabShown('contacts', loadContacts);
wireTabs();
wireSession(leave);
wireUpload((run) => {
  rememberRun(run);
  follow(run.id, run.fileName, run.body.dry_run);
});
wireProgress();
wireResult({ follow, openDetails });
wireHistory(openDetails);
wireDetails(follow);
wireContacts();
wireNotifications(openDetails);

for (const id of ['upload-another', 'result-new']) {
  $(id).addEventListener('click', () => {
    leave();
    newImport();
  });
}

const key = storedKey();
if (key) signIn(key);
else $('api-key').focus();
