// The server side of the launch notes: publications and the sample data.
import { Meteor } from 'meteor/meteor';
import { check } from 'meteor/check';
import { LaunchNotes, SAMPLE_NOTES } from './launch-notes.ts';

Meteor.publish('launchNotes.list', function () {
  return LaunchNotes.find({}, { fields: { body: 0 }, sort: { launchedAt: -1 } });
});

Meteor.publish('launchNotes.bySlug', function (slug: unknown) {
  check(slug, String);
  return LaunchNotes.find({ slug });
});

export async function seedLaunchNotes(): Promise<void> {
  if ((await LaunchNotes.find().countAsync()) > 0) return;
  for (const note of SAMPLE_NOTES) await LaunchNotes.insertAsync(note);
}
