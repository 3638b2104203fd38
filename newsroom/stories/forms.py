"""Forms for editors' corrections on the story page (the admin has its own actions)."""

from django import forms

from newsroom.stories.models import Story


class HeadlineForm(forms.Form):
    headline = forms.CharField(max_length=500)


class StoryChoiceField(forms.IntegerField):
    """A story by its id (the number in its permalink); a merged story stands for its survivor."""

    def clean(self, value):
        pk = super().clean(value)
        story = Story.objects.filter(pk=pk).first()
        if story is None:
            raise forms.ValidationError(f"There is no story {pk}.")
        return story.survivor()


class MergeForm(forms.Form):
    into = StoryChoiceField(label="Merge into story number", min_value=1)


class MoveForm(forms.Form):
    article = forms.IntegerField(min_value=1)
    to = StoryChoiceField(label="Move to story number", min_value=1)


class SplitForm(forms.Form):
    articles = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, story: Story, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["articles"].choices = [
            (article_id, article_id) for article_id in story.memberships.values_list("article_id", flat=True)
        ]


class LockForm(forms.Form):
    locked = forms.BooleanField(required=False)
