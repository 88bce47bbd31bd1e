import { render } from 'solid-js/web';
import { createControlClient } from './api.js';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const client = createControlClient();
render(() => <App client={client} />, root);
