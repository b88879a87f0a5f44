// The Meteor Guide's Blaze stack: ostrio:flow-router-extra renders a layout with a page template.
import { FlowRouter } from 'meteor/ostrio:flow-router-extra';
import './pages.ts';

FlowRouter.route('/', {
  name: 'home',
  action() {
    this.render('layout', 'home');
  },
});

FlowRouter.route('/notes', {
  name: 'notes',
  action() {
    this.render('layout', 'notesList');
  },
});

FlowRouter.route('/notes/:slug', {
  name: 'note',
  action() {
    this.render('layout', 'noteDetail');
  },
});

FlowRouter.route('/about', {
  name: 'about',
  action() {
    this.render('layout', 'about');
  },
});

FlowRouter.route('*', {
  name: 'notFound',
  action() {
    this.render('layout', 'notFound');
  },
});
