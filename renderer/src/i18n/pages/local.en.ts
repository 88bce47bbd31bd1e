/** Model servers on this computer (Ollama, LM Studio, llama.cpp, vLLM): the Providers page and the setup guide. */
export const localEn = {
  title: 'Model servers on this computer',
  help: 'Ollama, LM Studio, llama.cpp and vLLM are looked for on their default ports. They need no key and cost nothing.',
  found: 'Found {{ name }} with {{ models }}',
  connected: '{{ name }}: connected, {{ models }}',
  addLabel: 'Add {{ name }}',
  added: '{{ name }} added with {{ models }}.',
  detectAgain: 'Detect again',
  detecting: 'Looking…',
  none: 'No model server is running on this computer. Start Ollama, LM Studio, llama.cpp or vLLM, then detect again.',
  version: 'version {{ version }}',
  keyOptional: 'A server on this computer needs no key; enter one only if you started it with one.',
  customKeyOptional: 'Leave it empty if the server takes no key (a model server on this computer, say).',
  accountHelp: 'It runs on this computer: no key is needed and its requests cost nothing.',
  onboardingHeading: 'Use a model server on this computer',
  onboardingHelp: 'No account, no key, no internet: add it in one click.',
};
