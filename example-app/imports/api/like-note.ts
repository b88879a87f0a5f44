// A ValidatedMethod, tracked through flightdeck:analytics' mixin: the server records
// "Method Called" with the name, duration, outcome and the real this.userId.
import { check } from 'meteor/check';
import { Meteor } from 'meteor/meteor';
import { ValidatedMethod } from 'meteor/mdg:validated-method';
import { trackedMethodMixin } from 'meteor/flightdeck:analytics';
import { LaunchNotes } from './launch-notes.ts';

export const likeNote = new ValidatedMethod<{ slug: string }, number>({
  name: 'launchNotes.like',
  mixins: [trackedMethodMixin],
  validate({ slug }) {
    check(slug, String);
  },
  async run({ slug }) {
    const changed = await LaunchNotes.updateAsync({ slug }, { $inc: { likes: 1 } });
    if (changed === 0 && !this.isSimulation) throw new Meteor.Error('not-found', 'No such launch note');
    return changed;
  },
});
