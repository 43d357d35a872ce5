// Packages without types: dcmjs (only its data dictionary is used, server/dicom/vr.ts) and
// xhr2 (XMLHttpRequest for dicomweb-client in the contract tests).
declare module 'dcmjs';
declare module 'xhr2';
