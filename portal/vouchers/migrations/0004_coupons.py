"""Coupons, their claims and redemptions, coupon books; approval switch on the programme.

The roles' rights on them are granted by ``roles.0003_coupon_permissions``.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import portal.vouchers.models.coupons
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0033_marketplace_product_fields'),
        ('cityvouchers', '0003_sold_in_the_shop'),
        ('directory', '0007_search_keywords_and_stall_goods'),
        ('offer', '0013_range_excluded_categories'),
        ('voucher', '0010_auto_20210224_0712'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='voucherprogramme',
            name='coupons_need_approval',
            field=models.BooleanField(default=True, help_text="On: merchants' coupons go public only after the town approved them.", verbose_name='coupons need approval'),
        ),
        migrations.CreateModel(
            name='Coupon',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(help_text='e.g. 10 % auf alles', max_length=120, verbose_name='title')),
                ('kind', models.CharField(choices=[('percent', 'percentage off'), ('amount', 'fixed amount off'), ('free_item', 'free item'), ('x_for_y', 'x for y')], max_length=10, verbose_name='kind of discount')),
                ('value', models.DecimalField(blank=True, decimal_places=2, help_text='For a percentage: e.g. 10; for an amount: euros. Empty for other kinds.', max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='percentage or amount')),
                ('benefit', models.CharField(help_text="Shown at the till, e.g. 'Ein Kaffee gratis zu jedem Stück Kuchen'.", max_length=200, verbose_name='what the customer gets')),
                ('conditions', models.TextField(blank=True, help_text='e.g. minimum purchase, not combinable with other offers.', max_length=600, verbose_name='conditions')),
                ('minimum_purchase', models.DecimalField(blank=True, decimal_places=2, help_text='Checked in the online shop; at the till it is part of the conditions.', max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='minimum purchase (euros)')),
                ('channel', models.CharField(choices=[('store', 'in the store'), ('shop', 'in the online shop'), ('both', 'in the store and the online shop')], default='store', max_length=10, verbose_name='where it applies')),
                ('valid_from', models.DateField(default=portal.vouchers.models.coupons.default_valid_from, verbose_name='valid from')),
                ('valid_until', models.DateField(default=portal.vouchers.models.coupons.default_valid_until, verbose_name='valid until')),
                ('weekdays', models.CharField(blank=True, help_text='Empty: every day.', max_length=7, verbose_name='weekdays')),
                ('time_from', models.TimeField(blank=True, null=True, verbose_name='from (time)')),
                ('time_until', models.TimeField(blank=True, null=True, verbose_name='until (time)')),
                ('total_limit', models.PositiveIntegerField(blank=True, help_text='How many may be taken in all; empty for no limit.', null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='number available')),
                ('per_person_limit', models.PositiveSmallIntegerField(default=1, help_text='How often one person may take it: per customer account, or per browser for residents without an account.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(20)], verbose_name='per person')),
                ('free', models.BooleanField(default=True, help_text='Off: only in coupon books.', verbose_name='free for everyone')),
                ('status', models.CharField(choices=[('draft', 'draft'), ('submitted', 'awaiting approval'), ('approved', 'approved'), ('rejected', 'rejected')], default='draft', max_length=10, verbose_name='status')),
                ('review_note', models.CharField(blank=True, max_length=300, verbose_name='note of the review')),
                ('taken', models.PositiveIntegerField(default=0, verbose_name='taken')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed')),
                ('merchant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coupons', to='directory.merchantpage', verbose_name='business')),
                ('shop_offer', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='coupon', to='offer.conditionaloffer', verbose_name='offer in the online shop')),
            ],
            options={
                'verbose_name': 'coupon',
                'verbose_name_plural': 'coupons',
                'ordering': ['valid_until', 'title'],
            },
        ),
        migrations.CreateModel(
            name='CouponBook',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=120, verbose_name='title')),
                ('description', models.TextField(blank=True, max_length=600, verbose_name='description')),
                ('price', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='price')),
                ('edition_size', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='edition size')),
                ('valid_until', models.DateField(verbose_name='valid until')),
                ('active', models.BooleanField(default=True, verbose_name='on sale')),
                ('sold', models.PositiveIntegerField(default=0, verbose_name='sold')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('coupons', models.ManyToManyField(related_name='books', to='cityvouchers.coupon', verbose_name='coupons')),
                ('product', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='coupon_book', to='catalogue.product', verbose_name='product')),
            ],
            options={
                'verbose_name': 'coupon book',
                'verbose_name_plural': 'coupon books',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='CouponBookCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='code')),
                ('reference', models.CharField(max_length=80, unique=True, verbose_name='reference')),
                ('number', models.PositiveIntegerField(verbose_name='number')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='issued')),
                ('book', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='copies', to='cityvouchers.couponbook', verbose_name='coupon book')),
            ],
            options={
                'verbose_name': 'sold coupon book',
                'verbose_name_plural': 'sold coupon books',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='CouponClaim',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='code')),
                ('short_code', models.CharField(max_length=16, unique=True, verbose_name='short code')),
                ('holder', models.CharField(blank=True, max_length=64, verbose_name='holder')),
                ('sequence', models.PositiveSmallIntegerField(default=1, verbose_name='number')),
                ('status', models.CharField(choices=[('active', 'valid'), ('redeemed', 'used'), ('cancelled', 'cancelled')], default='active', max_length=10, verbose_name='status')),
                ('valid_until', models.DateField(verbose_name='valid until')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='taken')),
                ('redeemed_at', models.DateTimeField(blank=True, null=True, verbose_name='used')),
                ('book_copy', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='cityvouchers.couponbookcopy', verbose_name='coupon book')),
                ('coupon', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='cityvouchers.coupon', verbose_name='coupon')),
                ('shop_code', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='coupon_claim', to='voucher.voucher', verbose_name='code in the online shop')),
            ],
            options={
                'verbose_name': 'taken coupon',
                'verbose_name_plural': 'taken coupons',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='CouponRedemption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('store', 'in store'), ('online', 'online shop')], max_length=10, verbose_name='channel')),
                ('receipt_number', models.CharField(max_length=20, unique=True, verbose_name='receipt number')),
                ('discount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='discount')),
                ('order_reference', models.CharField(blank=True, max_length=80, verbose_name='order')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='used')),
                ('claim', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='redemption', to='cityvouchers.couponclaim', verbose_name='coupon')),
                ('merchant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.merchantpage', verbose_name='business')),
                ('redeemed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='redeemed by')),
            ],
            options={
                'verbose_name': 'coupon redemption',
                'verbose_name_plural': 'coupon redemptions',
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddIndex(
            model_name='coupon',
            index=models.Index(fields=['status', 'valid_until'], name='cityv_coupon_status_idx'),
        ),
        migrations.AddConstraint(
            model_name='coupon',
            constraint=models.CheckConstraint(condition=models.Q(('total_limit__isnull', True), ('taken__lte', models.F('total_limit')), _connector='OR'), name='cityv_coupon_taken_within_limit'),
        ),
        migrations.AddConstraint(
            model_name='coupon',
            constraint=models.CheckConstraint(condition=models.Q(('valid_from__lte', models.F('valid_until'))), name='cityv_coupon_dates_in_order'),
        ),
        migrations.AddConstraint(
            model_name='couponbook',
            constraint=models.CheckConstraint(condition=models.Q(('sold__lte', models.F('edition_size'))), name='cityv_coupon_book_within_edition'),
        ),
        migrations.AddConstraint(
            model_name='couponbookcopy',
            constraint=models.UniqueConstraint(fields=('book', 'number'), name='cityv_one_copy_per_number'),
        ),
        migrations.AddConstraint(
            model_name='couponclaim',
            constraint=models.UniqueConstraint(condition=models.Q(('holder', ''), _negated=True), fields=('coupon', 'holder', 'sequence'), name='cityv_claim_once_per_place'),
        ),
        migrations.AddIndex(
            model_name='couponredemption',
            index=models.Index(fields=['merchant', 'created_at'], name='cityv_coupon_red_idx'),
        ),
    ]
