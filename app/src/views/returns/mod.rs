//! Return pages: the task list, the section forms, the review.
