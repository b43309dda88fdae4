// jest globalSetup: an empty corpus for this run (see corpus.ts).
const fs = require('fs');
const path = require('path');

module.exports = async () => {
  fs.rmSync(path.resolve(__dirname, '..', '..', '.tmp', 'referee', 'corpus'), { recursive: true, force: true });
};
