// Encrypts an OOXML package (.xlsx, .xlsb) with the npm package
// officecrypto-tool, for the tests that encrypt workbooks on the fly:
//   node encrypt_ooxml.js INPUT OUTPUT agile|standard
// The password comes in the environment (OFFICE_PASSWORD), never the command line.
'use strict';
const fs = require('fs');
const officeCrypto = require('officecrypto-tool');

const [input, output, scheme] = process.argv.slice(2);
const options = {password: process.env.OFFICE_PASSWORD};
if (scheme === 'standard') options.type = 'standard';
else if (scheme !== 'agile') throw new Error(`scheme must be agile or standard, not ${scheme}`);
fs.writeFileSync(output, officeCrypto.encrypt(fs.readFileSync(input), options));
