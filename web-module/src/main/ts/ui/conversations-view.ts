import type { ShownMessage } from '../mls/messaging';
import { element, setText } from './page';

/** A conversation as the list shows it. */
export interface ListedDirect {
  readonly conversationId: string;
  readonly title: string;
}

/** The list of the direct conversations this browser is in; a click selects one. */
export function renderConversationList(conversations: readonly ListedDirect[], selected: string | null,
  onSelect: (conversationId: string) => void): void {
  element('conversations').hidden = false;
  setText('conversations-status', conversations.length === 0
    ? 'No conversations on this browser yet. Start one above, or wait until someone adds this browser to one.' : '');
  const list = element('conversation-list');
  const items = conversations.map((conversation) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = conversation.title;
    button.dataset['conversation'] = conversation.conversationId;
    button.setAttribute('aria-current', String(conversation.conversationId === selected));
    button.addEventListener('click', () => onSelect(conversation.conversationId));
    item.append(button);
    return item;
  });
  list.replaceChildren(...items);
}

/** The open conversation: its title and history (oldest first), scrolled to the newest message. */
export function renderConversation(title: string, messages: readonly ShownMessage[], ownUserId: string,
  senderName: (userId: string) => string): void {
  element('conversation-view').hidden = false;
  setText('conversation-title', title);
  const list = element('message-list');
  const items = messages.map((message) => {
    const mine = message.senderUserId === ownUserId;
    const item = document.createElement('li');
    item.className = 'message' + (mine ? ' mine' : '') + (message.kind === 'notice' ? ' notice' : '')
      + (message.seq === null ? ' pending' : '');
    const sender = document.createElement('span');
    sender.className = 'sender';
    sender.textContent = mine ? 'You' : senderName(message.senderUserId);
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = message.text;
    item.append(sender, text);
    return item;
  });
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  const changed = list.childElementCount !== items.length
    || Array.from(list.children).some((child, index) => child.textContent !== items[index]?.textContent
      || child.className !== items[index]?.className);
  if (changed) {
    list.replaceChildren(...items);
    if (atBottom || items.length > 0) {
      list.scrollTop = list.scrollHeight;
    }
  }
}
