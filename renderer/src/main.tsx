import { render } from 'solid-js/web';
import { createControlClient } from './api.js';
import { StatusPage } from './status-page.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const client = createControlClient();
render(() => <StatusPage client={client} />, root);
