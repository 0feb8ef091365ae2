'use strict';
// Names for admin's autocomplete widgets (select2), which screen readers and axe-core
// find unlabelled: each combobox and search field is labelled by its field's label,
// and select2's "remove all" button is moved out of the list it breaks.
{
    function fix(select) {
        const container = select.nextElementSibling;
        if (!container || !container.classList.contains('select2')) {
            return;
        }
        const label = document.querySelector('label[for="' + select.id + '"]');
        let labelId = '';
        if (label) {
            label.id = label.id || select.id + '-label';
            labelId = label.id;
        }
        container.querySelectorAll('[role=combobox]').forEach((combobox) => {
            const shown = combobox.querySelector('.select2-selection__rendered[id]');
            const ids = [labelId, shown && shown.textContent.trim() ? shown.id : ''];
            if (ids.join('')) {
                combobox.setAttribute('aria-labelledby', ids.filter(Boolean).join(' '));
            } else {
                combobox.setAttribute('aria-label', select.name);
            }
        });
        container.querySelectorAll('.select2-selection__rendered[role=textbox], .select2-search__field').forEach((field) => {
            if (labelId) {
                field.setAttribute('aria-labelledby', labelId);
            } else {
                field.setAttribute('aria-label', select.name);
            }
        });
        container.querySelectorAll('ul.select2-selection__rendered').forEach((list) => {
            list.querySelectorAll(':scope > :not(li)').forEach((stray) => {
                list.parentNode.insertBefore(stray, list);
            });
        });
    }

    function fixAll() {
        document.querySelectorAll('select.admin-autocomplete').forEach(fix);
    }

    window.addEventListener('load', () => {
        fixAll();
        if (window.django && window.django.jQuery) {
            window.django.jQuery(document).on('change select2:close', 'select.admin-autocomplete', (event) => fix(event.target));
        }
        document.addEventListener('formset:added', () => setTimeout(fixAll, 0));
    });
}
