"""hooks/tasklist_labels.py: every self-check box gets its item's words as its name and is a toggle (not disabled)."""

from tasklist_labels import label_task_boxes

BOX = '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled{}/><span class="task-list-indicator"></span></label> {}</li>'


def test_box_is_named_after_its_item():
    out = label_task_boxes(BOX.format("", "我在会前确认了<strong>目的</strong> &amp; 议程"))
    assert '<input type="checkbox" aria-label="我在会前确认了目的 &amp; 议程"/>' in out


def test_checked_box_and_nested_list_take_only_the_items_own_words():
    item = BOX.format(" checked", "写会议纪要\n<ul><li>发给客户</li></ul>")
    out = label_task_boxes(item)
    assert 'aria-label="写会议纪要" checked/>' in out
    assert "发给客户</li>" in out


def test_already_named_boxes_and_other_lists_are_left_alone():
    named = '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" aria-label="x" disabled/></label> y</li>'
    plain = "<ul><li>一</li></ul>"
    assert label_task_boxes(named) == named
    assert label_task_boxes(plain) == plain
