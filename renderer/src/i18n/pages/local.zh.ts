import type { Dictionary } from '../en.js';

export const localZh: Dictionary['local'] = {
  title: '本机上的模型服务',
  help: '会在默认端口上查找 Ollama、LM Studio、llama.cpp 和 vLLM。它们无需密钥，也不产生费用。',
  found: '发现 {{ name }}，含 {{ models }}',
  connected: '{{ name }}：已连接，{{ models }}',
  addLabel: '添加 {{ name }}',
  added: '已添加 {{ name }}，含 {{ models }}。',
  detectAgain: '重新检测',
  detecting: '正在查找…',
  none: '本机没有正在运行的模型服务。启动 Ollama、LM Studio、llama.cpp 或 vLLM 后，再重新检测。',
  version: '版本 {{ version }}',
  keyOptional: '本机上的服务无需密钥；仅当启动时设置了密钥才需填写。',
  customKeyOptional: '如果该服务不需要密钥（例如本机上的模型服务），请留空。',
  accountHelp: '它运行在本机上：无需密钥，请求也不产生费用。',
  onboardingHeading: '使用本机上的模型服务',
  onboardingHelp: '无需账户、密钥或网络：一键添加。',
};
